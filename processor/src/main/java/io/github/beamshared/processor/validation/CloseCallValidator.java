package io.github.beamshared.processor.validation;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.github.beamshared.processor.model.ClosingMethods;
import io.github.beamshared.processor.model.SharedField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Rejects code in the DoFn that closes a shared resource: a call of {@code close()}, {@code
 * shutdown()}, {@code shutdownNow()}, {@code destroy()} or {@code dispose()} on a shared field,
 * directly, through a local variable holding it, as a method reference, or as a try-with-resources
 * resource. Other DoFn instances and threads still use the resource; the runtime owns its lifetime.
 * This reads method bodies, so it needs javac's {@link Trees}.
 */
public final class CloseCallValidator {

  private final Trees trees;
  private final ErrorReporter reporter;

  public CloseCallValidator(Trees trees, ErrorReporter reporter) {
    this.trees = trees;
    this.reporter = reporter;
  }

  public void validate(TypeElement dofn, List<SharedField> fields) {
    TreePath path = trees.getPath(dofn);
    if (path == null) {
      return; // Not compiled from source in this compilation: nothing to read.
    }
    Map<Element, SharedField> shared = new HashMap<>();
    fields.forEach(field -> shared.put(field.element(), field));
    new Scanner(path, shared).scan(path, null);
  }

  private final class Scanner extends TreePathScanner<Void, Void> {

    private final TreePath root;

    /** Shared fields and the local variables that hold one, each with its field. */
    private final Map<Element, SharedField> holders;

    Scanner(TreePath root, Map<Element, SharedField> shared) {
      this.root = root;
      this.holders = shared;
    }

    @Override
    public Void visitVariable(VariableTree variable, Void unused) {
      if (variable.getInitializer() != null) {
        alias(trees.getElement(getCurrentPath()), variable.getInitializer());
      }
      return super.visitVariable(variable, null);
    }

    @Override
    public Void visitAssignment(AssignmentTree assignment, Void unused) {
      alias(element(assignment.getVariable()), assignment.getExpression());
      return super.visitAssignment(assignment, null);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
      if (call.getMethodSelect() instanceof MemberSelectTree select
          && call.getArguments().isEmpty()
          && ClosingMethods.NAMES.contains(select.getIdentifier().toString())) {
        SharedField field = holders.get(element(select.getExpression()));
        if (field != null) {
          report(call, field, select.getIdentifier() + "()");
        }
      }
      return super.visitMethodInvocation(call, null);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
      if (ClosingMethods.NAMES.contains(reference.getName().toString())) {
        SharedField field = holders.get(element(reference.getQualifierExpression()));
        if (field != null) {
          report(reference, field, "::" + reference.getName());
        }
      }
      return super.visitMemberReference(reference, null);
    }

    @Override
    public Void visitTry(TryTree tryTree, Void unused) {
      for (Tree resource : tryTree.getResources()) {
        Tree held =
            resource instanceof VariableTree variable ? variable.getInitializer() : resource;
        SharedField field = held instanceof ExpressionTree e ? holders.get(element(e)) : null;
        if (field != null) {
          report(resource, field, "try-with-resources, which calls close()");
        }
      }
      return super.visitTry(tryTree, null);
    }

    private void alias(Element variable, ExpressionTree value) {
      SharedField field = holders.get(element(value));
      if (variable != null && field != null && !holders.containsKey(variable)) {
        holders.put(variable, field);
      }
    }

    /** The variable an expression denotes, looking through parentheses and casts. */
    private Element element(ExpressionTree expression) {
      ExpressionTree e = expression;
      while (e instanceof ParenthesizedTree || e instanceof TypeCastTree) {
        e =
            e instanceof ParenthesizedTree p
                ? p.getExpression()
                : ((TypeCastTree) e).getExpression();
      }
      TreePath path = TreePath.getPath(getCurrentPath(), e);
      return path == null ? null : trees.getElement(path);
    }

    private void report(Tree tree, SharedField field, String how) {
      reporter.error(
          ErrorCode.CLOSE,
          field.describe()
              + " is a"
              + " shared resource ("
              + field.sharing().simpleName()
              + " tag \""
              + field.tag()
              + "\"):"
              + " do not close it here ("
              + how
              + "). Other DoFn instances and threads still use it,"
              + " and it stays loaded on purpose. Remove the call; to drop it explicitly, call"
              + " SharedResources.unload(\""
              + field.tag()
              + "\") once no DoFn uses it.",
          trees,
          tree,
          root.getCompilationUnit());
    }
  }
}
