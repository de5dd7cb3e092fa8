namespace Streaming.Core;
