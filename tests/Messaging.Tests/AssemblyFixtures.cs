using Streaming.Testing;

// One mock cluster for the whole test assembly; every test uses its own topics and groups.
[assembly: AssemblyFixture(typeof(KafkaFixture))]
