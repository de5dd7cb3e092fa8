using System.Text;
using Streaming.Serving.Embeddings;

namespace Streaming.IntentWorker.Grounding;

/// <summary>How an LLM's intent text and a catalog title are compared.</summary>
public static class IntentTitle
{
    /// <summary>
    /// Lower case, accents folded, every run of characters that are neither letters nor digits turned into one space,
    /// trimmed: "Night-Repair  Cream." and "night repair cream" are the same title.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = AccentFolding.Fold(text);
        var builder = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// One intent as the model wrote it, without list decoration: leading numbering ("1.", "2)", "-", "*", "•"),
    /// surrounding quotes and a trailing full stop. Kept otherwise, so exact matching sees the model's text.
    /// </summary>
    public static string Clean(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var text = segment.Trim();
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i > 0 && i < text.Length && (text[i] == '.' || text[i] == ')') && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))
        {
            text = text[(i + 1)..].TrimStart();
        }
        else if (text.Length > 1 && text[0] is '-' or '*' or '•' && char.IsWhiteSpace(text[1]))
        {
            text = text[1..].TrimStart();
        }

        text = text.Trim().Trim('"', '\'', '“', '”', '‘', '’', '`').Trim();
        if (text.EndsWith('.') && !text.EndsWith("..", StringComparison.Ordinal))
        {
            text = text[..^1].TrimEnd();
        }

        return text;
    }
}
