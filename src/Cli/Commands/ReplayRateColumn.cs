using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Streaming.Cli.Commands;

/// <summary>A progress column showing events per second.</summary>
/// <remarks>Kept short so the bar fits an 80-column terminal.</remarks>
internal sealed class ReplayRateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        var rate = task.Speed ?? 0;
        return new Text(rate.ToString("N0", CultureInfo.InvariantCulture) + " ev/s");
    }
}
