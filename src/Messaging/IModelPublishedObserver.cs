using Streaming.Core.Contracts;

namespace Streaming.Messaging;

/// <summary>
/// Told about every <see cref="ModelPublished"/> event on the <c>models</c> topic (see
/// <see cref="ModelFollowerServiceCollectionExtensions.AddModelFollower{TObserver}"/>). Announcements are
/// re-delivered after a restart or a retry and may name versions older than the one in use, so an observer must
/// ignore what it already has. Throwing fails the batch under the <see cref="ErrorPolicy"/>.
/// </summary>
public interface IModelPublishedObserver
{
    ValueTask OnPublishedAsync(ModelPublished published, CancellationToken cancellationToken);
}
