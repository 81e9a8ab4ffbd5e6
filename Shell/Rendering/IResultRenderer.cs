namespace OrleansKv.Shell.Rendering;

/// <summary>Writes result views to a terminal or a stream.</summary>
public interface IResultRenderer
{
    void Render(ResultView view);
}
