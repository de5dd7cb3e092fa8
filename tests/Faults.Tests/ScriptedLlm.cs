using System.Net;
using System.Text;
using System.Text.Json;
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
internal sealed class ScriptedLlm : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(3);

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyList<string> _titles;
    private readonly Task _loop;
    private readonly long[] _requests = new long[Enum.GetValues<LlmMode>().Length];
    private volatile LlmMode _mode = LlmMode.Answering;

    public ScriptedLlm(IReadOnlyList<string> titles)
    {
        _titles = titles;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePorts.Next();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The API base for <c>IntentWorker:Llm:Endpoint</c> (the client does not add <c>/v1</c>).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/v1";

    public LlmMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public long Requests(LlmMode mode) => Interlocked.Read(ref _requests[(int)mode]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var mode = _mode;
        Interlocked.Increment(ref _requests[(int)mode]);
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(_stop.Token);
            switch (mode)
            {
                case LlmMode.Down:
                    context.Response.Abort();
                    return;
                case LlmMode.RateLimiting:
                    context.Response.Headers["Retry-After"] = "1";
                    await ReplyAsync(context, 429, """{"error":{"message":"rate limited (scripted)"}}""");
                    return;
                case LlmMode.Slow:
                    await Task.Delay(SlowDelay, _stop.Token);
                    break;
                case LlmMode.Answering:
                default:
                    break;
            }

            // Grounded: the titles the prompt shows (clicked items and candidates), as the paper's prompt asks.
            var named = _titles.Where(title => body.Contains(title, StringComparison.Ordinal));
            await ReplyAsync(context, 200, Completion(string.Join("; ", named)));
        }
        catch (Exception)
        {
            // The client gave up (its attempt timeout) or the server is stopping.
            context.Response.Abort();
        }
    }

    private async Task ReplyAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Without a content length every reply waits about 40 ms.
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
        context.Response.Close();
    }

    private static string Completion(string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-faults",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "faults-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
    });
}
