using Spectre.Console;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

public sealed class PaperRunTests
{
    [Fact]
    public void Missing_data_directory_is_a_clear_error()
    {
        var options = new PaperRunOptions { DataDirectory = null };
        if (Environment.GetEnvironmentVariable(PaperRunOptions.DataDirectoryVariable) is not null)
        {
            Assert.Skip("STREAMING_DATA_DIR is set in this environment.");
        }

        var error = Assert.Throws<InvalidOperationException>(options.ResolveDataDirectory);

        Assert.Contains("--data-dir", error.Message);
        Assert.Contains(PaperRunOptions.DataDirectoryVariable, error.Message);
    }

    [Fact]
    public async Task A_temporal_protocol_without_its_split_and_unknown_models_are_clear_errors()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });

        var temporal = await Assert.ThrowsAsync<NotSupportedException>(() =>
            PaperRun.RunAsync(new PaperRunOptions { Protocol = "temporal", DataDirectory = "/nonexistent" }, console, TestContext.Current.CancellationToken));
        var unknown = await Assert.ThrowsAsync<NotSupportedException>(() =>
            PaperRun.RunAsync(new PaperRunOptions { Model = "gru4rec", DataDirectory = "/nonexistent" }, console, TestContext.Current.CancellationToken));

        Assert.Contains("TemporalSplit", temporal.Message);
        Assert.Contains("gru4rec", unknown.Message);
    }
}
