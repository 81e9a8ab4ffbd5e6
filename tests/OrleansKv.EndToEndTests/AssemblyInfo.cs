// Every test here starts real node processes. On a 2-core machine they run in two lanes: every
// class without a [Collection] in one (CollectionPerAssembly: one test at a time, as the
// failure-detection and clock timings need), the shared-cluster tests and the side lane
// (SideLaneCollection) beside it, at most two at once.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly, MaxParallelThreads = 2)]
