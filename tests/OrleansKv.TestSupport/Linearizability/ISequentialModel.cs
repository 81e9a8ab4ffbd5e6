namespace OrleansKv.TestSupport.Linearizability;

/// <summary>
/// The sequential specification a history is checked against. <see cref="TryStep"/> is pure: it
/// says whether <paramref name="output"/> is a legal answer to <paramref name="input"/> in
/// <paramref name="state"/>, and the state after it. States are compared and hashed with their
/// own equality, which the checker's cache relies on: use immutable records.
/// </summary>
public interface ISequentialModel<TState, TInput, TOutput>
    where TState : notnull
{
    TState Initial { get; }

    bool TryStep(TState state, TInput input, TOutput output, out TState next);
}
