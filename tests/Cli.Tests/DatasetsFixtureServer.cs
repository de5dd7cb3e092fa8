using System.Net;
using Streaming.Testing;

namespace Streaming.Cli.Tests;

/// <summary>A tiny HTTP server on loopback serving fixed files, for download tests.</summary>
public sealed class DatasetsFixtureServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly Task _loop;

    public DatasetsFixtureServer(Dictionary<string, byte[]> files)
    {
        _files = files;
        var port = FreePorts.Next();
        BaseUrl = $"http://127.0.0.1:{port}/data/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public int Requests { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests++;
            var name = context.Request.Url!.AbsolutePath.Split('/').Last();
            if (_files.TryGetValue(name, out var body))
            {
                context.Response.StatusCode = 200;
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
                context.Response.ContentLength64 = 0;
            }

            context.Response.Close();
        }
    }


    public void Dispose()
    {
        _listener.Close();
        _loop.GetAwaiter().GetResult();
    }
}
