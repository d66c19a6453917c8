package io.github.beamshared.processor.validation;

/**
 * The code that starts each error message, in brackets: stable, so users can search for it, and
 * listed in the README's table of compile errors (a test keeps the two in step).
 */
public enum ErrorCode {
  /** The tag is blank. */
  BLANK_TAG("SharedBlankTag"),
  /** One tag used for two types, sharings, threadSafe or copies values in one compilation. */
  TAG_CONFLICT("SharedTagConflict"),
  /** A shared resource closed, shut down or disposed of in the DoFn. */
  CLOSE("SharedClose"),
  /** A captured (non-transient) field that cannot be serialized. */
  CAPTURED_NOT_SERIALIZABLE("SharedCapturedNotSerializable"),
  /** An inner DoFn whose enclosing class is not Serializable. */
  DO_FN_CAPTURES_OUTER("SharedDoFnCapturesOuter"),
  /** A shared field that is not transient. */
  FIELD_NOT_TRANSIENT("SharedFieldNotTransient"),
  /** A private shared field. */
  FIELD_PRIVATE("SharedFieldPrivate"),
  /** A final shared field. */
  FIELD_FINAL("SharedFieldFinal"),
  /** A static shared field. */
  FIELD_STATIC("SharedFieldStatic"),
  /** A shared field declared in a class that is not a DoFn. */
  FIELD_OUTSIDE_DO_FN("SharedFieldOutsideDoFn"),
  /** A shared field whose type is not a class or interface type. */
  FIELD_TYPE("SharedFieldType"),
  /** A field with both sharing annotations. */
  TWO_ANNOTATIONS("SharedTwoAnnotations"),
  /** A subclass field hiding an inherited shared field. */
  FIELD_HIDDEN("SharedFieldHidden"),
  /** An inherited shared field the generated subclass cannot set. */
  FIELD_INACCESSIBLE("SharedFieldInaccessible"),
  /** A type the generated subclass cannot name. */
  TYPE_INACCESSIBLE("SharedTypeInaccessible"),
  /** A type of the DoFn's package named like a member type of DoFn. */
  TYPE_NAME_HIDDEN("SharedTypeNameHidden"),
  /** A class type with threadSafe = false, a wildcard type or a sealed interface. */
  UNGUARDABLE("SharedUnguardable"),
  /** {@code @MultiProcessShared} on a type that is not an interface. */
  NOT_INTERFACE("SharedNotInterface"),
  /** A method whose parameters, result or exceptions cannot cross processes. */
  NOT_TRANSPORTABLE("SharedNotTransportable"),
  /** An interface method's type variable named like one of the DoFn's. */
  TYPE_VARIABLE_CLASH("SharedTypeVariableClash"),
  /** A DoFn with shared fields that is not abstract. */
  DO_FN_NOT_ABSTRACT("SharedDoFnNotAbstract"),
  /** A final DoFn. */
  DO_FN_FINAL("SharedDoFnFinal"),
  /** A local, anonymous or private DoFn, or one with only private constructors. */
  DO_FN_NOT_SUBCLASSABLE("SharedDoFnNotSubclassable"),
  /** A DoFn with an abstract method the generated class cannot implement. */
  DO_FN_ABSTRACT_METHOD("SharedDoFnAbstractMethod"),
  /** No factory method for a shared field. */
  FACTORY_MISSING("SharedFactoryMissing"),
  /** Several factory methods for a shared field. */
  FACTORY_AMBIGUOUS("SharedFactoryAmbiguous"),
  /** A factory the generated subclass cannot call. */
  FACTORY_PRIVATE("SharedFactoryPrivate"),
  /** A factory that takes anything but nothing or one PipelineOptions. */
  FACTORY_PARAMETERS("SharedFactoryParameters"),
  /** A factory whose result is not the field's type. */
  FACTORY_RETURN_TYPE("SharedFactoryReturnType"),
  /** A private @Setup or @Teardown. */
  LIFECYCLE_PRIVATE("SharedLifecyclePrivate"),
  /** A final @Setup or @Teardown. */
  LIFECYCLE_FINAL("SharedLifecycleFinal"),
  /** A factory needing PipelineOptions that @Setup does not receive. */
  SETUP_WITHOUT_OPTIONS("SharedSetupWithoutOptions"),
  /** {@code @BatchedBy} on a method that is not an interface's instance method. */
  BATCH_PLACEMENT("SharedBatchPlacement"),
  /** No method named by @BatchedBy. */
  BATCH_METHOD_MISSING("SharedBatchMethodMissing"),
  /** A batch method that does not pair with the batched one. */
  BATCH_SIGNATURE("SharedBatchSignature"),
  /** A batch method throwing what the batched method does not declare. */
  BATCH_EXCEPTIONS("SharedBatchExceptions"),
  /** A maxBatchSize below 1, or a negative maxWaitMicros or concurrentBatches. */
  BATCH_SETTINGS("SharedBatchSettings"),
  /** A copies value outside 1 to 16. */
  COPIES("SharedCopies"),
  /** The generated source file could not be written. */
  WRITE_FAILED("SharedWriteFailed");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** How the code is printed, e.g. {@code SharedBlankTag}. */
  public String code() {
    return code;
  }
}
