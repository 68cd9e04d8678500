namespace TrailWatcher.Sinks;

/// <summary>A sink did not accept alerts, so the objects that raised them are not done.</summary>
internal sealed class AlertDeliveryException(string message, Exception inner) : Exception(message, inner);
