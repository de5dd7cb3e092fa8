using System.CommandLine;
using Streaming.Cli.Commands;

var root = new RootCommand("Streaming: an event-driven, session-based recommender (LLM-DMsRec) on Kafka and Redis.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

// Ctrl-C / SIGTERM cancel the command's token; `up` then stops its workers (draining their batches and closing their
// Kafka clients) and exits 0. The parser's default grace of 2 s cuts that short and leaves exit code 130.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
