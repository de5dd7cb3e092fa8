namespace Streaming.Core.Datasets;

/// <summary>One line of <c>users.dat</c>: <c>UserID::Gender::Age::Occupation::Zip-code</c>.</summary>
public sealed record MovieLensUser(int UserId, char Gender, int Age, int Occupation, string ZipCode);
