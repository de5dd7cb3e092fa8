using TorchSharp;

namespace Streaming.Trainer.Models;

/// <summary>The reference code's initialisation: every parameter uniform in (-1/sqrt(d), 1/sqrt(d)), in registration order.</summary>
internal static class UniformInitialisation
{
    public static void Apply(torch.nn.Module module, int hidden)
    {
        var bound = 1.0 / Math.Sqrt(hidden);
        using var noGrad = torch.no_grad();
        foreach (var parameter in module.parameters())
        {
            parameter.uniform_(-bound, bound);
        }
    }
}
