package dev.gatehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of DESIGN.md: arrows point inward only. {@code Main} and {@code ServeCommand} are the
 * composition roots and may reach everything; nothing may reach them.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gatehouse");
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void vocabularyDependsOnlyOnProtocol() {
        check(noClasses().that().resideInAPackage("dev.gatehouse")
                .and().doNotHaveSimpleName("Main").and().doNotHaveSimpleName("ServeCommand").and().doNotHaveSimpleName("RunningGateway")
                .and().haveNameNotMatching("dev\\.gatehouse\\.(Main|ServeCommand|RunningGateway)\\$.*")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.gatehouse.config..", "dev.gatehouse.vault..", "dev.gatehouse.net..",
                        "dev.gatehouse.upstream..", "dev.gatehouse.routing..", "dev.gatehouse.session..",
                        "dev.gatehouse.proxy..", "dev.gatehouse.http..", "dev.gatehouse.cli..",
                        "dev.gatehouse.capture..", "dev.gatehouse.policy..", "dev.gatehouse.admin..")
                .allowEmptyShould(true));
    }

    @Test
    void protocolDependsOnNothingOfTheGateway() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gatehouse")
                .orShould().dependOnClassesThat().resideOutsideOfPackages(
                        "dev.gatehouse.protocol..", "java..", "tools.jackson..")
                .allowEmptyShould(true));
    }

    @Test
    void innerRoomsNeverReachTheOuterOnes() {
        check(noClasses().that().resideInAnyPackage("dev.gatehouse.routing..", "dev.gatehouse.session..",
                        "dev.gatehouse.upstream..", "dev.gatehouse.config..", "dev.gatehouse.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.gatehouse.proxy..", "dev.gatehouse.http..", "dev.gatehouse.cli..",
                        "dev.gatehouse.admin..")
                .allowEmptyShould(true));
    }

    @Test
    void routingAndSessionsDoNotKnowTransportsOrConfig() {
        check(noClasses().that().resideInAnyPackage("dev.gatehouse.routing..", "dev.gatehouse.session..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.gatehouse.upstream..", "dev.gatehouse.config..", "org.eclipse.jetty..")
                .allowEmptyShould(true));
    }

    @Test
    void nothingDependsOnTheEntryPointsOrTheHttpPlane() {
        check(noClasses().that().resideOutsideOfPackage("dev.gatehouse.http..")
                .and().doNotHaveSimpleName("Main").and().doNotHaveSimpleName("ServeCommand").and().doNotHaveSimpleName("RunningGateway")
                .and().haveNameNotMatching("dev\\.gatehouse\\.(Main|ServeCommand|RunningGateway)\\$.*")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gatehouse.http..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.gatehouse.Main")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.gatehouse.ServeCommand")
                .allowEmptyShould(true));
    }

    @Test
    void outboundSafetyDependsOnlyOnTheJdkAndTheJettyClient() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.net..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.gatehouse.net..", "java..",
                        "org.eclipse.jetty.client..", "org.eclipse.jetty.http..", "org.eclipse.jetty.http2..",
                        "org.eclipse.jetty.io..", "org.eclipse.jetty.util..")
                .allowEmptyShould(true));
    }

    @Test
    void policiesKnowTheVocabularyAndConfigButNoTransportRoutingOrSession() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gatehouse.proxy..", "dev.gatehouse.http..",
                        "dev.gatehouse.routing..", "dev.gatehouse.session..", "dev.gatehouse.upstream..",
                        "dev.gatehouse.net..", "dev.gatehouse.capture..", "dev.gatehouse.admin..",
                        "dev.gatehouse.cli..", "org.eclipse.jetty..")
                .allowEmptyShould(true));
    }

    @Test
    void processesAreSpawnedOnlyByTheStdioUpstream() {
        check(noClasses().that().resideOutsideOfPackage("dev.gatehouse.upstream.stdio..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .allowEmptyShould(true));
    }

    @Test
    void jettyStaysInTheTransportRooms() {
        check(noClasses().that().resideOutsideOfPackages("dev.gatehouse.http..", "dev.gatehouse.net..",
                        "dev.gatehouse.upstream.http..", "dev.gatehouse.cli..")
                .and().doNotHaveSimpleName("ServeCommand").and().doNotHaveSimpleName("RunningGateway")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
                .allowEmptyShould(true));
    }
}
