package io.parcours.engine;

import io.parcours.domain.CustomerAttribute;
import io.parcours.engine.profile.CustomerImport;
import io.parcours.engine.profile.ImportMapping;
import io.parcours.engine.profile.ImportReport;
import io.parcours.engine.runtime.EngineRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The bulk import facade: customer profiles from CSV, the mappings that read them, the declared
 * custom attributes, and the progress of the imports this node runs. Transaction-free: each batch
 * of rows is one PostgreSQL transaction of the engine's own, so an import may run longer than any
 * JTA timeout.
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ImportFacade {

  @EJB EngineRuntime runtime;

  /** The mapping shipped under {@code name}, if any. */
  public Optional<ImportMapping> mapping(String name) {
    return runtime.engine().imports().mapping(name);
  }

  /** Every mapping: shipped with Parcours, then saved. */
  public List<ImportMapping> mappings() {
    return runtime.engine().imports().mappings();
  }

  /**
   * Saves a mapping under {@code name}.
   *
   * @throws InvalidMappingException when it cannot be saved, saying why
   */
  public CustomerImport.Saved saveMapping(String name, String json, String by) {
    return runtime.engine().imports().save(name, json, by);
  }

  /**
   * Imports {@code csv} with {@code mapping}, reading it as it arrives.
   *
   * @throws MalformedImportException when the file cannot be read on
   */
  public ImportReport run(ImportMapping mapping, InputStream csv) {
    return runtime.engine().imports().run(mapping, csv);
  }

  /** The imports this node ran or runs, newest first. */
  public List<ImportReport> recent() {
    return runtime.engine().imports().recent();
  }

  /** One import of this node, if it remembers it. */
  public Optional<ImportReport> find(String importId) {
    return runtime.engine().imports().find(importId);
  }

  /** The declared custom attributes of the profile. */
  public List<CustomerAttribute> attributes() {
    return runtime.engine().imports().attributes().all();
  }
}
