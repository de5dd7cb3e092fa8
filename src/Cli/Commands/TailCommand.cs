using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming tail &lt;topic&gt;</c>: prints a topic's messages as JSON lines, without joining a consumer group.</summary>
internal static class TailCommand
{
    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "Topic to read." };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the oldest message instead of new ones." };
        var max = new Option<int?>("--max") { Description = "Stop after this many messages." };
        var bootstrap = KafkaOptionsFromCli.BootstrapServersOption();
        var command = new Command("tail", "Print a topic's messages as JSON lines.") { topic, fromBeginning, max, bootstrap };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var servers = KafkaOptionsFromCli.ResolveBootstrapServers(parse.GetValue(bootstrap));
            if (servers is null)
            {
                await Console.Error.WriteLineAsync(KafkaOptionsFromCli.MissingBootstrapServers);
                return 2;
            }

            var name = parse.GetValue(topic)!;
            var limit = parse.GetValue(max);
            return await Task.Run(() => Tail(servers, name, parse.GetValue(fromBeginning), limit, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static int Tail(string servers, string topic, bool fromBeginning, int? limit, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = servers,
            GroupId = "streaming-tail",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler(static (_, _) => { }).Build();
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
            if (metadata.Error.IsError)
            {
                Console.Error.WriteLine($"tail: topic '{topic}': {metadata.Error.Reason}");
                return 1;
            }

            var start = fromBeginning ? Offset.Beginning : Offset.End;
            consumer.Assign(metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, start)));
        }

        var printed = 0;
        using var stdout = Console.OpenStandardOutput();
        while (!cancellationToken.IsCancellationRequested && (limit is null || printed < limit))
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (result?.Message is null)
            {
                continue;
            }

            WriteLine(stdout, result);
            printed++;
        }

        consumer.Close();
        return 0;
    }

    private static void WriteLine(Stream stdout, ConsumeResult<byte[]?, byte[]?> result)
    {
        using (var writer = new Utf8JsonWriter(stdout))
        {
            writer.WriteStartObject();
            writer.WriteString("topic", result.Topic);
            writer.WriteNumber("partition", result.Partition.Value);
            writer.WriteNumber("offset", result.Offset.Value);
            writer.WriteString("timestamp", result.Message.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            WriteBytes(writer, "key", result.Message.Key);
            if (result.Message.Headers is { Count: > 0 } headers)
            {
                writer.WriteStartObject("headers");
                foreach (var header in headers)
                {
                    writer.WriteString(header.Key, Encoding.UTF8.GetString(header.GetValueBytes() ?? []));
                }

                writer.WriteEndObject();
            }

            WriteBytes(writer, "value", result.Message.Value);
            writer.WriteEndObject();
        }

        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }

    /// <summary>JSON values are embedded as JSON; anything else as a string (invalid UTF-8 replaced).</summary>
    private static void WriteBytes(Utf8JsonWriter writer, string name, byte[]? bytes)
    {
        if (bytes is null)
        {
            writer.WriteNull(name);
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (JsonDocument.TryParseValue(ref reader, out var document))
            {
                using (document)
                {
                    if (reader.BytesConsumed == bytes.Length)
                    {
                        writer.WritePropertyName(name);
                        document.RootElement.WriteTo(writer);
                        return;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: written as text below.
        }

        writer.WriteString(name, Encoding.UTF8.GetString(bytes));
    }
}
