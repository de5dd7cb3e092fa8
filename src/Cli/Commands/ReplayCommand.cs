using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Spectre.Console;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming replay</c>: produces a historical dataset to the clicks topic as public click events,
/// keyed by session id, in event-time order, with a live progress bar and a final summary.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var command = new Command("replay", "Replay Beauty, ML-1M or a click CSV into Kafka as click events, in event-time order.");
        var source = new DatasetsSourceOptions();
        source.AddTo(command);
        var topic = new Option<string>("--topic") { Description = "Topic to produce to.", DefaultValueFactory = _ => Topics.Clicks };
        var speed = SpeedOption();
        var limit = LimitOption();
        var bootstrap = KafkaOptionsFromCli.BootstrapServersOption();
        command.Options.Add(topic);
        command.Options.Add(speed);
        command.Options.Add(limit);
        command.Options.Add(bootstrap);
        command.SetAction((parse, ct) =>
        {
            // The validator has already rejected anything TryParse cannot read.
            var pace = ReplaySpeed.TryParse(parse.GetValue(speed), out var parsed) ? parsed : ReplaySpeed.Max;
            if (KafkaOptionsFromCli.ResolveBootstrapServers(parse.GetValue(bootstrap)) is not { } servers)
            {
                Console.Error.WriteLine(KafkaOptionsFromCli.MissingBootstrapServers);
                return Task.FromResult(2);
            }

            return ExecuteAsync(parse, source, parse.GetValue(topic)!, pace, parse.GetValue(limit), () => ReplayProducer.Create(servers), ct);
        });
        return command;
    }

    public static Option<string> SpeedOption()
    {
        var speed = new Option<string>("--speed")
        {
            Description = "max (as fast as possible), a factor of real time (86400 replays a day per second) or a fixed rate (5000/s).",
            DefaultValueFactory = _ => "max",
        };
        speed.Validators.Add(result =>
        {
            if (!ReplaySpeed.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--speed must be 'max', a positive factor (e.g. 60) or a rate (e.g. 5000/s)");
            }
        });
        return speed;
    }

    public static Option<int?> LimitOption()
    {
        var limit = new Option<int?>("--limit") { Description = "Produce at most this many events (the earliest ones)." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--limit must be positive");
            }
        });
        return limit;
    }

    /// <summary>Loads, plans and produces; returns the process exit code. Shared by replay and bench replay.</summary>
    public static async Task<int> ExecuteAsync(
        ParseResult parse,
        DatasetsSourceOptions sourceOptions,
        string topic,
        ReplaySpeed speed,
        int? limit,
        Func<IProducer<string, byte[]>> createProducer,
        CancellationToken cancellationToken,
        Action<ReplayResult>? report = null)
    {
        try
        {
            var loading = Stopwatch.StartNew();
            var (source, sessions, log) = sourceOptions.Load(parse);
            var schedule = ReplaySchedule.Build(source.Name, sessions);
            loading.Stop();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"planned {schedule.Count:N0} clicks in {schedule.SessionCount:N0} sessions in {loading.Elapsed.TotalSeconds:0.00} s ({log.Count:N0} malformed lines skipped)"));
            if (schedule.SyntheticTimes)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"WARNING: {source.TimestampNote}. Event times are SYNTHESISED, not real: {ReplaySchedule.SyntheticEpoch:yyyy-MM-dd} UTC + {ReplaySchedule.SyntheticStep.TotalSeconds:0} s per position in the user's history (order kept, gaps meaningless)."));
            }

            var total = Math.Min(schedule.Count, limit ?? int.MaxValue);
            using var producer = createProducer();
            var events = schedule.Events(total);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            ReplayResult? result = null;
            if (console.Profile.Capabilities.Interactive)
            {
                await console.Progress()
                    .AutoClear(false)
                    .Columns(
                        new TaskDescriptionColumn(),
                        new ProgressBarColumn { Width = 24 },
                        new PercentageColumn(),
                        new ReplayRateColumn(),
                        new RemainingTimeColumn(),
                        new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"{source.Name} → {topic}", maxValue: Math.Max(1, total));
                        result = await ReplayRunner.RunAsync(producer, topic, events, speed, produced => task.Value = produced, cancellationToken);
                    });
            }
            else
            {
                // Logs and CI: a plain line every few seconds instead of a redrawn bar.
                var clock = Stopwatch.StartNew();
                var lastLine = TimeSpan.Zero;
                result = await ReplayRunner.RunAsync(producer, topic, events, speed, produced =>
                {
                    if (clock.Elapsed - lastLine >= TimeSpan.FromSeconds(2))
                    {
                        lastLine = clock.Elapsed;
                        var rate = produced / clock.Elapsed.TotalSeconds;
                        var eta = rate > 0 ? TimeSpan.FromSeconds((total - produced) / rate) : TimeSpan.Zero;
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{produced:N0}/{total:N0} events ({100.0 * produced / Math.Max(1, total):0}%), {rate:N0} events/s, ETA {eta:hh\\:mm\\:ss}"));
                    }
                }, cancellationToken);
            }

            var r = result!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replayed {r.Events:N0} events ({r.Sessions:N0} sessions, {r.Items:N0} items) from {source.Name} to '{topic}' in {r.Elapsed.TotalSeconds:0.00} s ({r.EventsPerSecond:N0} events/s); skipped lines: {log.Count:N0}{(schedule.SyntheticTimes ? "; event times synthesised" : string.Empty)}"));
            report?.Invoke(r);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or MalformedLineException
                                       or InvalidOperationException or KafkaException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("replay cancelled");
            return 130;
        }
    }
}
