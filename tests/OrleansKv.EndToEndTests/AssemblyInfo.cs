// Every test here starts real node processes; on a 2-core machine clusters started in parallel
// would fight for CPU and turn failure-detection timings into noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
