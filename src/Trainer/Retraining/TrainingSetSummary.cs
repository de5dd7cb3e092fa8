namespace Streaming.Trainer.Retraining;

/// <summary>A round's training set in figures: sessions, train samples (validation included), holdout samples, train samples with intents, and the intent source.</summary>
public sealed record TrainingSetSummary(int Sessions, int TrainSamples, int TestSamples, int TrainSamplesWithIntents, string? IntentSource);
