using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Streaming.Trainer.Models;

/// <summary>
/// LLM-DMsRec's fused model on an SR-GNN backbone: both intent groups go through one shared
/// projection (dropout, then an affine map D -> d); the session vector is
/// <c>Linear([s_global; s_last; z_explicit; z_latent]) -> d</c>; scores are inner products with every
/// item embedding. The alignment term is <c>KL(P_s || P_explicit) + KL(P_s || P_latent)</c> with
/// softmax over the hidden dimension, P_s from the global attention vector, summed over the batch and
/// divided by its size; absent intents contribute no alignment. A learned "no intent" input stands
/// in for an absent group, so the model answers before any intent exists. It shares SR-GNN's
/// <see cref="SessionEncoder"/>, not SR-GNN's hybrid head: the fusion layer is its head.
/// </summary>
public sealed class DmsRec : Module<SessionTensors, IntentTensors, (Tensor Scores, Tensor Alignment)>
{
    private readonly SessionEncoder encoder;
    private readonly Dropout projectionDropout;
    private readonly Linear projection;
    private readonly Parameter noIntent;
    private readonly Linear fusion;
    private readonly IntentAlignment alignmentKind;
    private readonly double temperature;

    public DmsRec(
        int itemCount,
        int hidden,
        int intentDimension,
        double projectionDropoutRate,
        int steps = 1,
        IntentAlignment alignment = IntentAlignment.KlDivergence,
        double temperature = 0.1)
        : base(nameof(DmsRec))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intentDimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        IntentDimension = intentDimension;
        alignmentKind = alignment;
        this.temperature = temperature;
        register_module(ParameterNames.Encoder, encoder = new SessionEncoder(itemCount, hidden, steps));
        register_module(ParameterNames.ProjectionDropout, projectionDropout = Dropout(projectionDropoutRate));
        register_module(ParameterNames.Projection, projection = Linear(intentDimension, hidden, hasBias: true));
        register_parameter(ParameterNames.NoIntent, noIntent = Parameter(torch.zeros(intentDimension)));
        register_module(ParameterNames.Fusion, fusion = Linear(4 * hidden, hidden, hasBias: true));

        // Same initialisation as SR-GNN (the released code resets every parameter this way).
        UniformInitialisation.Apply(this, hidden);
    }

    public int IntentDimension { get; }

    public int ItemCount => encoder.ItemCount;

    public int Hidden => encoder.Hidden;

    /// <summary>Scores [B, items] and the batch's alignment loss (a scalar).</summary>
    public override (Tensor Scores, Tensor Alignment) forward(SessionTensors sessions, IntentTensors intents)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(intents);
        using var scope = NewDisposeScope();
        var (global, last) = encoder.forward(sessions);
        var explicitIntent = Project(intents.Explicit, intents.HasExplicit);
        var latentIntent = Project(intents.Latent, intents.HasLatent);
        var session = fusion.forward(torch.cat([global, last, explicitIntent, latentIntent], 1));
        var scores = encoder.Score(session);

        var alignment = alignmentKind == IntentAlignment.InfoNce
            ? InfoNce(global, explicitIntent, intents.HasExplicit, temperature).add(InfoNce(global, latentIntent, intents.HasLatent, temperature))
            : Alignment(global, explicitIntent, latentIntent, intents.HasExplicit, intents.HasLatent);
        return (scores.MoveToOuterDisposeScope(), alignment.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// <c>sum_b [has_explicit_b KL(P_s,b || P_explicit,b) + has_latent_b KL(P_s,b || P_latent,b)] / B</c>,
    /// each P a softmax over the hidden dimension of [B, d] vectors; presence masks are [B, 1].
    /// </summary>
    public static Tensor Alignment(Tensor global, Tensor explicitIntent, Tensor latentIntent, Tensor hasExplicit, Tensor hasLatent)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(hasExplicit);
        ArgumentNullException.ThrowIfNull(hasLatent);
        using var scope = NewDisposeScope();

        // kl_div(log Q, P) = sum P (log P - log Q) = KL(P || Q); log_target must be explicit (TorchSharp defaults to true).
        var session = functional.softmax(global, 1);
        var explicitKl = functional.kl_div(functional.log_softmax(explicitIntent, 1), session, reduction: Reduction.None, log_target: false).sum(1);
        var latentKl = functional.kl_div(functional.log_softmax(latentIntent, 1), session, reduction: Reduction.None, log_target: false).sum(1);
        var total = explicitKl.mul(hasExplicit.squeeze(1)).add(latentKl.mul(hasLatent.squeeze(1))).sum().div(global.shape[0]);
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// InfoNCE with in-batch negatives: row b's logits are the cosine similarities of global_b with
    /// every intent of the batch divided by <paramref name="temperature"/>; the loss is the
    /// cross-entropy towards intent b, over present rows, summed and divided by the batch size.
    /// </summary>
    public static Tensor InfoNce(Tensor global, Tensor intent, Tensor present, double temperature)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(present);
        using var scope = NewDisposeScope();
        var batch = global.shape[0];
        // Explicit Scalars kept alive past the native calls (see GatedGraphCell.forward).
        using var temperatureScalar = temperature.ToScalar();
        using var batchScalar = batch.ToScalar();
        var logits = functional.normalize(global, dim: 1).matmul(functional.normalize(intent, dim: 1).t()).div(temperatureScalar);
        var targets = torch.arange(batch, dtype: ScalarType.Int64);
        var perRow = functional.cross_entropy(logits, targets, reduction: Reduction.None);
        return perRow.mul(present.squeeze(1)).sum().div(batchScalar).MoveToOuterDisposeScope();
    }

    // Absent intents take the learned "no intent" input; both groups share dropout and projection.
    private Tensor Project(Tensor vectors, Tensor present)
    {
        using var one = 1.ToScalar();
        var input = vectors.mul(present).add(noIntent.unsqueeze(0).mul(present.neg().add(one)));
        return projection.forward(projectionDropout.forward(input));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            projectionDropout.Dispose();
            projection.Dispose();
            noIntent.Dispose();
            fusion.Dispose();
        }

        base.Dispose(disposing);
    }
}
