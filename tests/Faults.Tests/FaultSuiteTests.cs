namespace Streaming.Faults.Tests;

/// <summary>
/// The fault suite: every worker as its own OS process (<see cref="Pipeline"/>), a replay of generated clicks, and one
/// fault per case while the replay runs. Each case ends when every session of its replay is stored in Redis exactly
/// as recomputed from the clicks topic and its newest version has an answer; bounds are generous and every wait is
/// for a condition, so a slow machine takes longer but does not fail. Sizes: <see cref="FaultScale"/>.
/// </summary>
public sealed class FaultSuiteTests(Pipeline pipeline) : IClassFixture<Pipeline>
{
    private static readonly FaultScale Scale = FaultScale.Current;

    public static TheoryData<string> Workers => [.. Pipeline.Workers];

    [Theory]
    [MemberData(nameof(Workers))]
    public async Task A_worker_killed_mid_replay_loses_nothing_applies_nothing_twice_and_answers_every_session(string worker)
    {
        var ct = Prepare();
        var replay = pipeline.NewReplay("kill-" + worker, Scale.Sessions, seed: worker.Length);
        var step = 1.0 / (Scale.Kills + 1);
        var seen = 0;
        for (var kill = 0; kill < Scale.Kills; kill++)
        {
            await replay.ProduceAsync(pipeline.Producer, step, Scale.ClicksPerSecond, ct);
            // The worker is at work on this replay (a restarted one has resumed): its output for it grows.
            var before = seen;
            await Pipeline.WaitForAsync(() => Output(worker, replay.Prefix) > before, $"{worker} publishing for {replay.Prefix}", Scale.Bound, ct);
            pipeline.KillAndRestart(worker);
            seen = Output(worker, replay.Prefix);
        }

        await replay.ProduceRestAsync(pipeline.Producer, Scale.ClicksPerSecond, ct);
        await pipeline.AssertConvergedAsync(replay, Scale.Bound, ct);

        // The restarted process itself published for this replay.
        await Pipeline.WaitForAsync(() => Output(worker, replay.Prefix) > seen, $"the restarted {worker} publishing", Scale.Bound, ct);
        if (worker is "intents" or "ranker")
        {
            // The fused model refines answers with the intents, before and after the kill.
            await Pipeline.WaitForAsync(() => pipeline.Output.Answers(replay.Prefix).Any(a => a.IntentsVersion is not null), "a refined answer", Scale.Bound, ct);
        }
    }

    [Fact]
    public async Task A_redis_server_killed_and_restarted_mid_replay_loses_nothing_and_applies_nothing_twice()
    {
        var ct = Prepare();
        var replay = pipeline.NewReplay("redis", Scale.Sessions, seed: 11);
        await replay.ProduceAsync(pipeline.Producer, 0.4, Scale.ClicksPerSecond, ct);
        await Pipeline.WaitForAsync(() => pipeline.Output.Updates(replay.Prefix).Any(), "session updates of the replay", Scale.Bound, ct);

        pipeline.Redis.Kill();
        // Clicks keep arriving while Redis is gone: they wait, retried, and none is dead-lettered or skipped.
        await replay.ProduceAsync(pipeline.Producer, 0.3, Scale.ClicksPerSecond, ct);
        await pipeline.Redis.StartAgainAsync(ct);
        await replay.ProduceRestAsync(pipeline.Producer, Scale.ClicksPerSecond, ct);

        await pipeline.AssertConvergedAsync(replay, Scale.Bound, ct);
        foreach (var worker in Pipeline.Workers)
        {
            Assert.False(pipeline[worker].HasExited, $"{worker} stopped during the Redis outage:\n{pipeline[worker].Tail()}");
        }
    }

    [Theory]
    [InlineData(LlmMode.Down)]
    [InlineData(LlmMode.Slow)]
    [InlineData(LlmMode.RateLimiting)]
    public async Task While_the_LLM_fails_structural_answers_keep_flowing_and_intents_resume_after(LlmMode mode)
    {
        var ct = Prepare();
        pipeline.Llm.Mode = mode;
        var during = pipeline.NewReplay("llm-" + mode.ToString().ToLowerInvariant(), Scale.Sessions, seed: 20 + (int)mode);
        await during.ProduceRestAsync(pipeline.Producer, Scale.ClicksPerSecond, ct);

        // Every session answered at its newest version while the endpoint is still failing.
        await pipeline.AssertConvergedAsync(during, Scale.Bound, ct);
        Assert.True(pipeline.Llm.Requests(mode) > 0, $"the IntentWorker never reached the endpoint while it was {mode}");

        pipeline.Llm.Mode = LlmMode.Answering;
        var after = pipeline.NewReplay("llm-after", Scale.Sessions, seed: 30 + (int)mode);
        await after.ProduceRestAsync(pipeline.Producer, Scale.ClicksPerSecond, ct);
        await pipeline.AssertConvergedAsync(after, Scale.Bound, ct);
        await Pipeline.WaitForAsync(() => pipeline.Output.Intents(after.Prefix).Any(), "intents once the endpoint answers again", Scale.Bound, ct);
        await Pipeline.WaitForAsync(() => pipeline.Output.Answers(after.Prefix).Any(a => a.IntentsVersion is not null), "answers refined by them", Scale.Bound, ct);
    }

    [Fact]
    public async Task Adding_and_removing_an_instance_mid_replay_rebalances_without_loss_or_double_application()
    {
        var ct = Prepare();
        var replay = pipeline.NewReplay("rebalance", Scale.Sessions, seed: 40);
        await replay.ProduceAsync(pipeline.Producer, 0.3, Scale.ClicksPerSecond, ct);

        // Scale out: a second Ingest and a second Candidates process join their groups and take partitions.
        pipeline.Start("ingest", "ingest-2", logAssignments: true);
        pipeline.Start("candidates", "candidates-2", logAssignments: true);
        await replay.ProduceAsync(pipeline.Producer, 0.3, Scale.ClicksPerSecond, ct);
        await Pipeline.WaitForAsync(() => Assigned("ingest-2", "ingest", "clicks") && Assigned("candidates-2", "candidates", "session-updates"),
            "the new instances owning partitions", Scale.Bound, ct);
        await replay.ProduceAsync(pipeline.Producer, 0.2, Scale.ClicksPerSecond, ct);

        // Scale in: both leave (SIGTERM); their partitions go back to the first instances.
        await Task.WhenAll(pipeline.TerminateAsync("ingest-2", ct), pipeline.TerminateAsync("candidates-2", ct));
        await replay.ProduceRestAsync(pipeline.Producer, Scale.ClicksPerSecond, ct);

        await pipeline.AssertConvergedAsync(replay, Scale.Bound, ct);
    }

    private CancellationToken Prepare()
    {
        if (pipeline.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        pipeline.EnsureRunning();
        return TestContext.Current.CancellationToken;
    }

    /// <summary>What <paramref name="worker"/> published for the replay so far: its own output topic.</summary>
    private int Output(string worker, string prefix) => worker switch
    {
        "ingest" => pipeline.Output.Updates(prefix).Count(),
        "candidates" => pipeline.Output.Candidates(prefix).Count(),
        "intents" => pipeline.Output.Intents(prefix).Count(),
        _ => pipeline.Output.Answers(prefix).Count(),
    };

    private bool Assigned(string instance, string group, string topic) =>
        pipeline[instance].Wrote(line => line.Contains($"Group {group}: assigned", StringComparison.Ordinal) && line.Contains(topic, StringComparison.Ordinal));
}
