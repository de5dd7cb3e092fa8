using System.Security.Cryptography;
using System.Text;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker;

/// <summary>
/// The LLM answer cache key: SHA-256 over provider, model, prompt version, the session's item ids (in click order)
/// and the candidate ids (in rank order). Titles are not hashed: they follow from the ids and the catalog, and a
/// changed prompt wording must change the prompt version.
/// </summary>
public static class AnswerCacheKey
{
    public static string For(IIntentProvider provider, string promptVersion, IEnumerable<string> sessionItemIds, IEnumerable<string> candidateIds)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var text = new StringBuilder()
            .Append(provider.Name).Append('\n')
            .Append(provider.Model).Append('\n')
            .Append(promptVersion).Append('\n')
            .AppendJoin('\u001f', sessionItemIds).Append('\n')
            .AppendJoin('\u001f', candidateIds)
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
