using System.CommandLine;
using System.Diagnostics;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Graph;
using Streaming.Serving;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Onnx;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench onnx</c>: candidate-generation latency of a trained SR-GNN in ONNX Runtime (the
/// exported graph, as serving runs it) and in TorchSharp, at batch 1 and 100 over a paper split's test
/// sessions. Each figure covers packing the session graphs, building the tensors, the forward pass and
/// the top-K; the session graphs themselves are built once beforehand. Also checks the two agree.
/// </summary>
internal static class BenchOnnxCommand
{
    private static readonly int[] BatchSizes = [1, 100];

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model directory written by 'streaming train --out DIR'.", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "Paper split whose test sessions are scored: beauty or ml-1m.", DefaultValueFactory = _ => "ml-1m" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Directory containing paper-splits/ (default: ${DatasetsDataDirectory.EnvironmentVariable})." };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads for both runtimes.", DefaultValueFactory = _ => 2 };
        var topK = new Option<int>("--top-k") { Description = "Candidate list length.", DefaultValueFactory = _ => 100 };
        var spin = new Option<bool>("--spin") { Description = "Let ONNX Runtime's intra-op threads spin between runs." };
        var sessions = new Option<int>("--sessions") { Description = "Test sessions timed per batch size.", DefaultValueFactory = _ => 2000 };
        var command = new Command("onnx", "Candidate generator latency: ONNX Runtime vs TorchSharp at batch 1 and 100.")
        {
            model, dataset, dataDir, threads, topK, sessions, spin,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var threadCount = parse.GetValue(threads);
                TorchRuntime.Initialise(threadCount);
                var root = DatasetsDataDirectory.Resolve(parse.GetValue(dataDir));
                var split = await Task.Run(() => PaperSplit.Load(root, parse.GetValue(dataset)!), cancellationToken);
                var (srgnn, manifest) = ModelDirectory.Load(parse.GetValue(model)!);
                using (srgnn)
                {
                    srgnn.eval();
                    if (manifest.ItemCount != split.ItemCount)
                    {
                        throw new ArgumentException($"The model scores {manifest.ItemCount} items but {split.Dataset} has {split.ItemCount}.");
                    }

                    var k = Math.Min(parse.GetValue(topK), manifest.ItemCount);
                    var clock = Stopwatch.StartNew();
                    var graph = OnnxExport.CandidateGenerator(srgnn, manifest.Steps, k, SessionGraphLayout.EdgeList);
                    var exportMs = clock.Elapsed.TotalMilliseconds;
                    using var onnx = OnnxCandidateGenerator.Create(graph, new OnnxSessionOptions { IntraOpThreads = threadCount, AllowSpinning = parse.GetValue(spin) });
                    using var onnxDense = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(srgnn, manifest.Steps, k, SessionGraphLayout.Dense), new OnnxSessionOptions { IntraOpThreads = threadCount, AllowSpinning = parse.GetValue(spin) });
                    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (other processes share the cores)");
                    Console.WriteLine($"model: {manifest.Dataset}, {manifest.ItemCount} items, hidden {manifest.Hidden}, {manifest.Steps} step(s); graph {graph.Length / 1048576.0:F1} MiB exported in {exportMs:F0} ms; top-{k}; {threadCount} thread(s); provider {onnx.ExecutionProvider}; spinning {(parse.GetValue(spin) ? "on" : "off")}");

                    var builder = new SessionGraphBuilder();
                    var count = Math.Min(Math.Max(100, parse.GetValue(sessions)), split.Test.Count);
                    var graphs = split.Test.Take(count).Select(s => builder.Build(s.Items)).ToArray();
                    Console.WriteLine($"sessions: the first {count} test sessions of {split.Dataset}");
                    foreach (var batchSize in BatchSizes)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var batches = graphs.Chunk(batchSize).Where(b => b.Length == batchSize).ToArray();
                        var agreement = Agreement(srgnn, onnx, batches.Take(5).ToArray(), k);
                        foreach (var (name, run) in new (string, Action<SessionGraph[]>)[]
                        {
                            ("onnx runtime (edge list)", b => onnx.Generate(SessionGraphBatch.Pack(b, SessionGraphLayout.EdgeList))),
                            ("onnx runtime (dense)", b => onnxDense.Generate(SessionGraphBatch.Pack(b, SessionGraphLayout.Dense))),
                            ("torchsharp (edge list)", b => TorchTop(srgnn, b, SessionGraphLayout.EdgeList, k)),
                            ("torchsharp (dense)", b => TorchTop(srgnn, b, SessionGraphLayout.Dense, k)),
                        })
                        {
                            foreach (var warm in batches.Take(Math.Min(10, batches.Length)))
                            {
                                run(warm);
                            }

                            var latencies = batches.Select(b =>
                            {
                                var started = Stopwatch.GetTimestamp();
                                run(b);
                                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                            }).Order().ToArray();
                            Console.WriteLine($"batch {batchSize,3}, {name,-24}: mean {latencies.Average(),7:F3} ms, p50 {Percentile(latencies, 0.5),7:F3} ms, p99 {Percentile(latencies, 0.99),7:F3} ms over {latencies.Length} batches ({batchSize * 1000 / latencies.Average():F0} sessions/s)");
                        }

                        Console.WriteLine($"batch {batchSize,3}, parity on {agreement.Sessions} sessions: max abs score difference {agreement.MaxDifference:E1}, identical top-{k} in {agreement.SameTop}/{agreement.Sessions}");
                    }
                }

                return 0;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("streaming bench onnx: cancelled.");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or IOException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync($"streaming bench onnx: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static long[] TorchTop(SrGnn model, SessionGraph[] graphs, SessionGraphLayout layout, int k)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var input = SessionTensors.From(SessionGraphBatch.Pack(graphs, layout));
        return model.forward(input).topk(k, dim: 1).indexes.data<long>().ToArray();
    }

    private static (int Sessions, int SameTop, double MaxDifference) Agreement(SrGnn model, OnnxCandidateGenerator onnx, SessionGraph[][] batches, int k)
    {
        var sessions = 0;
        var same = 0;
        var max = 0.0;
        foreach (var graphs in batches)
        {
            var batch = SessionGraphBatch.Pack(graphs, SessionGraphLayout.EdgeList);
            var onnxScores = onnx.Scores(batch);
            var top = onnx.Generate(batch);
            float[] torchScores;
            using (var scope = torch.NewDisposeScope())
            using (var noGrad = torch.no_grad())
            using (var input = SessionTensors.From(SessionGraphBatch.Pack(graphs, SessionGraphLayout.EdgeList)))
            {
                torchScores = model.forward(input).data<float>().ToArray();
            }

            var torchTop = TorchTop(model, graphs, SessionGraphLayout.EdgeList, k);
            for (var i = 0; i < onnxScores.Length; i++)
            {
                max = Math.Max(max, Math.Abs(onnxScores[i] - torchScores[i]));
            }

            for (var row = 0; row < graphs.Length; row++)
            {
                sessions++;
                same += torchTop.AsSpan(row * k, k).ToArray().Select(c => (int)c + 1).SequenceEqual(top.ItemsOf(row).ToArray()) ? 1 : 0;
            }
        }

        return (sessions, same, max);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
