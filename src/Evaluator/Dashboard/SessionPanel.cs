namespace Streaming.Evaluator.Dashboard;

/// <summary>What <c>/api/session</c> returns: a session's latest answer of each kind and its last clicks, with item titles.</summary>
public sealed record SessionPanel(string SessionId, IReadOnlyList<SessionPanel.AnswerView> Answers, IReadOnlyList<SessionPanel.ItemView> Clicks)
{
    public sealed record ItemView(string ItemId, string? Title, long? Version = null);

    public sealed record AnswerView(string Kind, long SessionVersion, string ModelVersion, DateTimeOffset IssuedAt, IReadOnlyList<ItemView> Items);

    public static SessionPanel Of(string sessionId, IReadOnlyList<Answer> answers, IReadOnlyList<SessionClick> clicks, ItemTitles titles)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(clicks);
        ArgumentNullException.ThrowIfNull(titles);
        return new SessionPanel(
            sessionId,
            [.. answers.Select(a => new AnswerView(a.Kind, a.SessionVersion, a.ModelVersion, a.IssuedAt, [.. a.Items.Take(20).Select(id => new ItemView(id, titles.Of(id)))]))],
            [.. clicks.Select(c => new ItemView(c.ItemId, titles.Of(c.ItemId), c.Version))]);
    }
}
