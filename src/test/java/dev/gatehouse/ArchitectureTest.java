package dev.gatehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
    void theOAuthClientReachesOnlyTheVaultTheNetRoomAndItsLibraries() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.oauth..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.gatehouse", "dev.gatehouse.oauth..",
                        "dev.gatehouse.vault..", "dev.gatehouse.net..", "dev.gatehouse.config..", "java..",
                        "com.nimbusds..", "net.minidev..", "org.eclipse.jetty.client..", "org.eclipse.jetty.http..",
                        "tools.jackson..", "org.slf4j.."));
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

    /**
     * The keychain backends run {@code secret-tool} / {@code security} with fixed arguments and a cut-down
     * environment; nothing from config reaches their command lines. {@code connect --start} runs
     * {@code gatehouse serve} with a fixed command line.
     */
    @Test
    void processesAreSpawnedOnlyByTheStdioUpstreamTheKeychainBackendsAndConnectStart() {
        check(noClasses().that().resideOutsideOfPackages("dev.gatehouse.upstream.stdio..",
                        "dev.gatehouse.vault.keychain..", "dev.gatehouse.bridge..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .allowEmptyShould(true));
    }

    @Test
    void theVaultDependsOnTheJdkAndJdbcOnly() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.vault..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.gatehouse.vault..", "java..",
                        "javax.crypto..")
                .allowEmptyShould(true));
    }

    @Test
    void jettyStaysInTheTransportRooms() {
        check(noClasses().that().resideOutsideOfPackages("dev.gatehouse.http..", "dev.gatehouse.net..",
                        "dev.gatehouse.upstream.http..", "dev.gatehouse.cli..", "dev.gatehouse.probe..",
                        "dev.gatehouse.oauth..")
                .and().doNotHaveSimpleName("ServeCommand").and().doNotHaveSimpleName("RunningGateway")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
                .allowEmptyShould(true));
    }

    @Test
    void transportsDoNotKnowEachOther() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.upstream.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gatehouse.upstream.stdio..",
                        "dev.gatehouse.upstream.builtin..", "org.eclipse.jetty.server..")
                .allowEmptyShould(true));
        check(noClasses().that().resideInAnyPackage("dev.gatehouse.upstream.stdio..",
                        "dev.gatehouse.upstream.builtin..")
                .should().dependOnClassesThat().resideInAPackage("dev.gatehouse.upstream.http..")
                .allowEmptyShould(true));
    }

    @Test
    void adminReachesOnlyTheRoomsDesignAllows() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.admin..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.gatehouse", "dev.gatehouse.protocol..",
                        "dev.gatehouse.admin..", "dev.gatehouse.proxy..", "dev.gatehouse.config..",
                        "dev.gatehouse.policy..", "dev.gatehouse.capture..", "dev.gatehouse.vault..",
                        "dev.gatehouse.oauth..",
                        "dev.gatehouse.importing..", "java..", "tools.jackson..", "org.slf4j.."));
    }

    @Test
    void importingReadsClientFilesIntoConfigAndTheVaultOnly() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.importing..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.gatehouse.importing..",
                        "dev.gatehouse.config..", "dev.gatehouse.vault..", "java..", "tools.jackson.."));
    }

    @Test
    void adminApiRecordsAreSharedPlainJava() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.admin.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.gatehouse.admin.api..", "java.."));
    }

    @Test
    void cliKnowsTheGatewayOnlyThroughTheAdminApiRecords() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.cli..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.gatehouse..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                                "dev.gatehouse.cli..", "dev.gatehouse.admin.api..")))));
    }

    /**
     * {@code gatehouse connect} is on every stdio client's start path: it stays clear of the gateway's inner
     * rooms, of Jetty and of logging, so that starting it loads few classes.
     */
    @Test
    void theStdioBridgeStaysLight() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gatehouse.proxy..", "dev.gatehouse.http..",
                        "dev.gatehouse.cli..", "dev.gatehouse.admin", "dev.gatehouse.capture..",
                        "dev.gatehouse.routing..", "dev.gatehouse.session..", "dev.gatehouse.policy..",
                        "dev.gatehouse.vault..", "dev.gatehouse.net..", "dev.gatehouse.upstream.stdio..",
                        "org.eclipse.jetty..", "org.slf4j..", "ch.qos.logback..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.gatehouse.Main"));
    }

    @Test
    void captureKnowsOnlyTheVocabularyTheProtocolAndTheVault() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.capture..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gatehouse.proxy..", "dev.gatehouse.http..",
                        "dev.gatehouse.cli..", "dev.gatehouse.admin..", "dev.gatehouse.upstream..",
                        "dev.gatehouse.routing..", "dev.gatehouse.session..", "dev.gatehouse.policy..",
                        "dev.gatehouse.config..", "dev.gatehouse.net..", "dev.gatehouse.oauth..")
                .allowEmptyShould(true));
    }

    @Test
    void onlyTheCaptureAndTheVaultTouchADatabase() {
        check(noClasses().that().resideOutsideOfPackages("dev.gatehouse.capture..", "dev.gatehouse.vault..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..", "org.flywaydb..")
                .allowEmptyShould(true));
    }

    @Test
    void theBuiltinServerReadsTrafficOnlyThroughTheVocabulary() {
        check(noClasses().that().resideInAPackage("dev.gatehouse.upstream..")
                .should().dependOnClassesThat().resideInAPackage("dev.gatehouse.capture..")
                .allowEmptyShould(true));
    }
}
