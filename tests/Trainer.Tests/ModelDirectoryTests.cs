using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class ModelDirectoryTests
{
    [Fact]
    public void A_saved_model_loads_and_scores_identically()
    {
        TorchRuntime.Initialise(threads: 1);
        var directory = Path.Combine(Path.GetTempPath(), "model-" + Guid.NewGuid().ToString("N"));
        var graph = new SessionGraphBuilder().Build([2, 5, 2, 9]);
        using var input = SessionTensors.From(SessionGraphBatch.Pack([graph]));
        try
        {
            using var model = new SrGnn(itemCount: 12, hidden: 6);
            model.eval();
            ModelDirectory.Save(model, new ModelManifest("srgnn", "toy", 12, 6, 1, 3), directory);

            var (loaded, manifest) = ModelDirectory.Load(directory);
            using (loaded)
            {
                loaded.eval();
                using var noGrad = torch.no_grad();
                using var expected = model.forward(input);
                using var actual = loaded.forward(input);

                Assert.Equal(3, manifest.Epoch);
                Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_directory_without_a_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelDirectory.Load(Path.GetTempPath()));

        Assert.Contains("streaming train --out", error.Message);
    }
}
