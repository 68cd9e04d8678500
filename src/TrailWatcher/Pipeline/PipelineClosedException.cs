namespace TrailWatcher.Pipeline;

/// <summary>An object was submitted after <see cref="DetectionPipeline.CompleteAdding"/>: the pipeline takes no more objects.</summary>
/// <remarks>Sources see this instead of the channel's own exception, so how the pipeline hands objects on stays its own business.</remarks>
internal sealed class PipelineClosedException(Exception inner) : InvalidOperationException("the detection pipeline takes no more objects", inner);
