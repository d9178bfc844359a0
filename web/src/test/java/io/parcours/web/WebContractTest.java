package io.parcours.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The web layer depends on the engine's contract only: its facades and the engine's and the
 * domain's types. The database module is on the class path all the same (the engine brings it), so
 * nothing but this test stops a resource from reaching for a {@code Postgres*} type again.
 *
 * <p>It reads the compiled classes, so it sees every use: an import, a fully qualified name, a
 * method called on a type of the database module.
 */
class WebContractTest {

  @Test
  void theWebLayerUsesNoTypeOfTheDatabaseModule() {
    JavaClasses web =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parcours.web");

    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.parcours.db..")
        .because(
            "the web layer reads what the engine's facades return (engine and domain types);"
                + " a record the facade needs belongs in the domain or the engine, not in"
                + " io.parcours.db")
        .check(web);
  }
}
