using System.Collections.Concurrent;
using System.Net;
using Streaming.Testing;

namespace Streaming.IntentWorker.Tests;

/// <summary>
/// A local OpenAI-compatible HTTP server scripted per request: each request takes the next scripted reply (the last
/// one repeats). It records what it was sent.
/// </summary>
public sealed class FakeLlmServer : LoopbackHttpServer
{
    private readonly ConcurrentQueue<Reply> _script = new();
    private Reply _last = Reply.Answer("");

    public FakeLlmServer() => Start();

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

    protected override async Task HandleAsync(HttpListenerContext context, string body)
    {
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

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, Stopping);
        }

        await ReplyAsync(context, reply.Status, reply.Body, reply.Headers);
    }

    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

    public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Delay)
    {
        /// <summary>A chat completion whose message content is <paramref name="content"/>.</summary>
        public static Reply Answer(string content, TimeSpan delay = default) => new(200, ChatCompletion(content), new Dictionary<string, string>(), delay);

        public static Reply Fail(int status, string body = """{"error":{"message":"scripted failure"}}""", params (string Name, string Value)[] headers) =>
            new(status, body, headers.ToDictionary(h => h.Name, h => h.Value), TimeSpan.Zero);

        public static Reply Raw(string body) => new(200, body, new Dictionary<string, string>(), TimeSpan.Zero);

    }
}
