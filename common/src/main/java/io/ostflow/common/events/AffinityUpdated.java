package io.ostflow.common.events;

/**
 * The edges of one task are published (after its edge records are durable).
 *
 * @param task the task
 * @param datasetVersion its dataset version
 * @param edgesPublished edge records written for it now
 * @param pairsComputed task pairs whose H or R had to be computed now (others came from cache)
 * @param weightsVersion weights version used
 */
public record AffinityUpdated(
        String task,
        String datasetVersion,
        int edgesPublished,
        int pairsComputed,
        long weightsVersion) {}
