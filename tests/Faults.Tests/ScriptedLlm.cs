using System.Net;
using Streaming.Testing;

namespace Streaming.Faults.Tests;

/// <summary>How the fake LLM endpoint behaves right now.</summary>
public enum LlmMode
{
    /// <summary>Answers at once, naming every catalog title the prompt shows (so the answer is grounded).</summary>
    Answering,

    /// <summary>Drops every connection without a reply, as a crashed server behind a proxy does.</summary>
    Down,

    /// <summary>Answers, but only after <see cref="ScriptedLlm.SlowDelay"/> — longer than the worker's attempt timeout.</summary>
    Slow,

    /// <summary>429 with <c>Retry-After: 1</c> to every request.</summary>
    RateLimiting,
}

/// <summary>
/// A local OpenAI-compatible chat completions endpoint (loopback only) whose behaviour the test switches while the
/// IntentWorker process uses it. It counts the requests it received in each mode.
/// </summary>
internal sealed class ScriptedLlm : LoopbackHttpServer
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(3);

    private readonly IReadOnlyList<string> _titles;
    private readonly long[] _requests = new long[Enum.GetValues<LlmMode>().Length];
    private volatile LlmMode _mode = LlmMode.Answering;

    public ScriptedLlm(IReadOnlyList<string> titles)
    {
        _titles = titles;
        Start();
    }

    /// <summary>The API base for <c>IntentWorker:Llm:Endpoint</c> (the client does not add <c>/v1</c>).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/v1";

    public LlmMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public long Requests(LlmMode mode) => Interlocked.Read(ref _requests[(int)mode]);

    protected override async Task HandleAsync(HttpListenerContext context, string body)
    {
        var mode = _mode;
        Interlocked.Increment(ref _requests[(int)mode]);
        switch (mode)
        {
            case LlmMode.Down:
                context.Response.Abort();
                return;
            case LlmMode.RateLimiting:
                await ReplyAsync(context, 429, """{"error":{"message":"rate limited (scripted)"}}""", new Dictionary<string, string> { ["Retry-After"] = "1" });
                return;
            case LlmMode.Slow:
                await Task.Delay(SlowDelay, Stopping);
                break;
            case LlmMode.Answering:
            default:
                break;
        }

        // Grounded: the titles the prompt shows (clicked items and candidates), as the paper's prompt asks.
        var named = _titles.Where(title => body.Contains(title, StringComparison.Ordinal));
        await ReplyAsync(context, 200, ChatCompletion(string.Join("; ", named), "faults-model"));
    }
}
