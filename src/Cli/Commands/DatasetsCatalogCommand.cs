using System.CommandLine;
using System.Globalization;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming datasets catalog</c>: writes the item catalog (dense 1-based index, titles, categories, brand) of a dataset.</summary>
internal static class DatasetsCatalogCommand
{
    public static Command Create()
    {
        var command = new Command("catalog", $"Write the item catalog ({ItemCatalog.FileName}) of the items clicked in a dataset.");
        var source = new DatasetsSourceOptions();
        source.AddTo(command);
        var output = new Option<string>("--out") { Description = "Where to write the catalog.", DefaultValueFactory = _ => ItemCatalog.FileName };
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            try
            {
                var dataset = source.OpenSource(parse);
                var log = source.CreateLog(parse);
                var catalog = dataset.BuildCatalog(dataset.ReadInteractions(log).Select(i => i.ItemId), log);
                var path = parse.GetValue(output)!;
                catalog.Save(path);
                var titled = catalog.Items.Count(i => i.Title is not null);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {catalog.Count:N0} items ({titled:N0} with titles, metadata from {dataset.MetadataPath ?? "nowhere"}) to {path}; skipped lines: {log.Count:N0}"));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or MalformedLineException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
