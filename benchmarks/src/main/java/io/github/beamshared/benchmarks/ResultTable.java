package io.github.beamshared.benchmarks;

import java.util.List;

/**
 * What one part of the benchmark suite measured, as the table the report prints.
 *
 * @param title the section heading
 * @param description what was measured and against which baseline, in a sentence or two
 * @param columns column headings
 * @param rows one list of cells per row, as many as columns
 * @param notes remarks printed under the table (e.g. the goal and whether it was met)
 */
public record ResultTable(
    String title,
    String description,
    List<String> columns,
    List<List<String>> rows,
    List<String> notes) {}
