package io.orderpipeline.local.cli;

import io.orderpipeline.local.template.ProjectFiles;
import io.orderpipeline.statemachine.DefinitionGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code ./pipeline generate-asl}: writes statemachine/order-pipeline.asl.json from statemachine/source/. */
@Command(name = "generate-asl", mixinStandardHelpOptions = true, description = "Write statemachine/order-pipeline.asl.json "
        + "(the definition SAM deploys) from statemachine/source/, where each step of the child workflow is written once "
        + "(statemachine/README.md). With --check, change nothing: exit 1 if the committed definition is not what the "
        + "sources generate.")
final class GenerateAsl implements Callable<Integer> {

    @Option(names = "--check", description = "Only compare; exit 1 when the definition is out of date.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        var directory = ProjectFiles.home().resolve("statemachine");
        var definition = directory.resolve(DefinitionGenerator.DEFINITION);
        try {
            if (check) {
                if (DefinitionGenerator.upToDate(directory)) {
                    LocalPipelineCli.terminal().println(definition + " is up to date");
                    return 0;
                }
                System.err.println(definition + " is not what statemachine/source/ generates: run ./pipeline generate-asl");
                return LocalPipelineCli.ERROR;
            }
            LocalPipelineCli.terminal().println(DefinitionGenerator.write(directory) ? "wrote " + definition : definition + " is up to date");
            return 0;
        } catch (DefinitionGenerator.DefinitionSourceException e) {
            System.err.println("statemachine/source/: " + e.getMessage());
            return LocalPipelineCli.ERROR;
        }
    }
}
