using System.CommandLine;
using Streaming.Cli.Commands;

var root = new RootCommand("Streaming: an event-driven, session-based recommender (LLM-DMsRec) on Kafka and Redis.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
