using System.Diagnostics;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

/// <summary>The embedded cluster serves other processes too: a kcat producer's messages reach our consumer.</summary>
public sealed class OutOfProcessClientTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Messages_produced_by_kcat_in_another_process_are_consumed()
    {
        var kcat = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kcat"))
            .FirstOrDefault(File.Exists);
        if (kcat is null)
        {
            Assert.Skip("kcat is not installed (apt-get install kcat)");
        }

        var topic = kafka.CreateTopic("kcat", 2);
        var start = new ProcessStartInfo(kcat, ["-b", kafka.BootstrapServers, "-P", "-t", topic, "-K", ":"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            for (var i = 0; i < 10; i++)
            {
                await process.StandardInput.WriteLineAsync($"key{i}:value{i}");
            }

            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        }

        var read = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, topic, 10, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"key{i}=value{i}").Order(), read.Select(m => $"{m.Message.Key}={TestMessages.Text(m)}").Order());
    }
}
