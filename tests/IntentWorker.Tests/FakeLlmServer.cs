using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Streaming.Testing;

namespace Streaming.IntentWorker.Tests;

/// <summary>
/// A local OpenAI-compatible HTTP server scripted per request: each request takes the next scripted reply (the last
/// one repeats). It records what it was sent. ContentLength64 is always set: without it each call waits ~40 ms.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Reply _last = Reply.Answer("");

    public FakeLlmServer()
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

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<Received> Requests { get; } = new();

    public FakeLlmServer Then(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

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

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body));
        if (_script.TryDequeue(out var reply))
        {
            _last = reply;
        }
        else
        {
            reply = _last;
        }

        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token);
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in reply.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client gave up (timeout) or the server is stopping.
            context.Response.Abort();
        }
    }


    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

    public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Delay)
    {
        /// <summary>A chat completion whose message content is <paramref name="content"/>.</summary>
        public static Reply Answer(string content, TimeSpan delay = default) => new(200, Completion(content), new Dictionary<string, string>(), delay);

        public static Reply Fail(int status, string body = """{"error":{"message":"scripted failure"}}""", params (string Name, string Value)[] headers) =>
            new(status, body, headers.ToDictionary(h => h.Name, h => h.Value), TimeSpan.Zero);

        public static Reply Raw(string body) => new(200, body, new Dictionary<string, string>(), TimeSpan.Zero);

        private static string Completion(string content) => JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = "test-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
        });
    }
}
