package io.ostflow.local.importer;

import java.nio.file.Path;
import java.util.List;

/**
 * What an import wrote.
 *
 * @param sites the site folders written, in order
 * @param problems subjects (or sites) left out, one line each with the reason
 */
public record ImportResult(List<Path> sites, List<String> problems) {}
