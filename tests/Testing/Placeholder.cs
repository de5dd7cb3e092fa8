namespace Streaming.Testing;
