namespace FashionSearch.Web.Health;

/// <summary>Whether startup (catalog indexed, model loaded and warmed) has finished; read by the readiness check and the API.</summary>
internal sealed class Readiness
{
    private volatile string _state = "starting: the catalog is being indexed and the model warmed";
    private volatile bool _ready;

    /// <summary>Gets whether the app can answer requests.</summary>
    public bool IsReady => _ready;

    /// <summary>Gets what startup is doing, or why it failed.</summary>
    public string State => _state;

    /// <summary>Records progress.</summary>
    /// <param name="state">What startup is doing.</param>
    public void Report(string state) => _state = state;

    /// <summary>Marks startup as done.</summary>
    public void MarkReady()
    {
        _state = "ready";
        _ready = true;
    }

    /// <summary>Marks startup as failed; the app stays unready.</summary>
    /// <param name="reason">Why.</param>
    public void MarkFailed(string reason) => _state = "startup failed: " + reason;
}
