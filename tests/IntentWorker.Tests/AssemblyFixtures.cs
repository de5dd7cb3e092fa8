using Streaming.IntentWorker.Tests;

[assembly: AssemblyFixture(typeof(EncoderFixture))]
