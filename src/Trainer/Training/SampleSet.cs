namespace Streaming.Trainer.Training;

/// <summary>Which sample list a batch's indices point into (validation samples are train samples).</summary>
public enum SampleSet
{
    Train,
    Test,
}
