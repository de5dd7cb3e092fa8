using System.Globalization;
using System.Text;

namespace Streaming.IntentWorker.Prompting;

/// <summary>
/// A versioned prompt template in the paper's format: a system message stating the task and its rules with one
/// worked example, and a user message listing the clicked items and the candidate items as numbered titles. The user
/// template's <c>{clicked}</c> and <c>{candidates}</c> are replaced by those lists. The version names the wording; it
/// is part of the LLM answer cache key and of every <c>IntentsInferred</c>, so change it whenever the text changes.
/// </summary>
public sealed record PromptTemplate(string Version, string System, string User)
{
    public const string ClickedPlaceholder = "{clicked}";
    public const string CandidatesPlaceholder = "{candidates}";

    /// <summary>The built-in template (version <c>v1</c>), written after the paper's description of its prompt.</summary>
    public static PromptTemplate V1 { get; } = new(
        "v1",
        """
        You are a recommender's assistant. Given the items a user clicked in one shopping session, infer the user's intents.
        Rules:
        1. Every intent must be the exact title of an item from the candidate item set. Never invent a title and never name an item that is not a candidate.
        2. List several intents separated by semicolons (;), most likely first, and nothing else: no numbering, no explanation.
        3. Keep the number of intents appropriate to the session: usually between 2 and 6.
        4. An intent may repeat an item the user already clicked, if it is a candidate and still what the user wants.

        Example.
        Clicked items:
        1. Hydrating day cream 50 ml
        2. Gentle foaming cleanser
        Candidate items:
        1. Vitamin C brightening serum
        2. Hydrating day cream 50 ml
        3. Car phone holder
        4. Night repair cream
        Intents: Night repair cream; Vitamin C brightening serum; Hydrating day cream 50 ml
        """,
        """
        Clicked items:
        {clicked}
        Candidate items:
        {candidates}
        Intents:
        """);

    /// <summary>The built-in templates by version.</summary>
    public static IReadOnlyDictionary<string, PromptTemplate> BuiltIn { get; } =
        new Dictionary<string, PromptTemplate>(StringComparer.Ordinal) { [V1.Version] = V1 };

    /// <summary>The prompt for a session's clicked titles (oldest first) and candidate titles (best first).</summary>
    public IntentPrompt Render(IReadOnlyList<string> clickedTitles, IReadOnlyList<string> candidateTitles)
    {
        ArgumentNullException.ThrowIfNull(clickedTitles);
        ArgumentNullException.ThrowIfNull(candidateTitles);
        var user = User
            .Replace(ClickedPlaceholder, Numbered(clickedTitles), StringComparison.Ordinal)
            .Replace(CandidatesPlaceholder, Numbered(candidateTitles), StringComparison.Ordinal);
        return new IntentPrompt(Version, System.Trim(), user.Trim());
    }

    /// <summary>Loads a template from two text files; the version must not reuse a built-in one's name.</summary>
    public static PromptTemplate Load(string version, string systemPath, string userPath)
    {
        if (BuiltIn.ContainsKey(version))
        {
            throw new InvalidOperationException($"prompt version '{version}' is built in; give a template read from files a version of its own");
        }

        var user = File.ReadAllText(userPath);
        if (!user.Contains(ClickedPlaceholder, StringComparison.Ordinal) || !user.Contains(CandidatesPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the user prompt template {userPath} must contain {ClickedPlaceholder} and {CandidatesPlaceholder}");
        }

        return new PromptTemplate(version, File.ReadAllText(systemPath), user);
    }

    private static string Numbered(IReadOnlyList<string> titles)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < titles.Count; i++)
        {
            builder.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(OneLine(titles[i])).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }

    /// <summary>A title as prompts show it: a newline or semicolon would break the numbered list or the answer's separator.</summary>
    public static string OneLine(string title) =>
        (title ?? string.Empty).Replace('\n', ' ').Replace('\r', ' ').Replace(';', ',').Trim();
}
