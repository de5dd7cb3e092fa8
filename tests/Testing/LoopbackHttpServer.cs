using System.Net;
using System.Text;
using System.Text.Json;

namespace Streaming.Testing;

/// <summary>
/// A loopback HTTP server for fakes of external endpoints (an OpenAI-compatible LLM): it listens on a free port,
/// hands each request to <see cref="HandleAsync"/> on its own task, and stops on dispose.
/// </summary>
public abstract class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public int Port { get; private set; }

    /// <summary>Fires when the server is disposed: a handler's waits end with it.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>An OpenAI chat completion whose message content is <paramref name="content"/>.</summary>
    public static string ChatCompletion(string content, string model = "test-model") => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_700_000_000,
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
    });

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
        GC.SuppressFinalize(this);
    }

    /// <summary>Binds a free loopback port and starts serving (called once by the derived constructor).</summary>
    protected void Start()
    {
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

    /// <summary>Answers one request; an exception aborts its connection (the client gave up, or the server is stopping).</summary>
    protected abstract Task HandleAsync(HttpListenerContext context, string body);

    /// <summary>A JSON reply; the content length is always set (without it each call waits about 40 ms).</summary>
    protected async Task ReplyAsync(HttpListenerContext context, int status, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
        context.Response.Close();
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

            _ = Task.Run(() => ServeOneAsync(context));
        }
    }

    private async Task ServeOneAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            await HandleAsync(context, await reader.ReadToEndAsync(_stop.Token));
        }
        catch (Exception)
        {
            context.Response.Abort();
        }
    }
}
