namespace Streaming.State;

/// <summary>
/// How the writer keeps a live session: clicks in the window (at most <see cref="LiveSessionCodec.MaxWindow"/>),
/// the idle time before it expires, and how many of its latest event ids it remembers against duplicates.
/// </summary>
public sealed record LiveSessionLimits(int MaxLength, TimeSpan IdleTtl, int EventIdsRemembered);
