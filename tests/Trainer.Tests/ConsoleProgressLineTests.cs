using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

public sealed class ConsoleProgressLineTests
{
    [Fact]
    public void Shows_epoch_batch_loss_rate_and_eta_and_throttles_repeats()
    {
        var output = new StringWriter();
        var line = new ConsoleProgressLine(output);

        line.Report(new TrainingProgress("train", 2, 30, 10, 657, 6.54321, 1834.4, TimeSpan.FromSeconds(95)));
        line.Report(new TrainingProgress("train", 2, 30, 20, 657, 6.5, 1800, TimeSpan.FromSeconds(90)));
        line.Report(new TrainingProgress("test", 2, 30, 657, 657, 6.4, 0, TimeSpan.Zero));

        var text = output.ToString();
        Assert.Contains("epoch 2/30  batch 10/657  loss 6.5432  1834 samples/s  ETA 01:35", text);
        Assert.DoesNotContain("batch 20/657", text);
        Assert.Contains("evaluating on test", text);
    }
}
