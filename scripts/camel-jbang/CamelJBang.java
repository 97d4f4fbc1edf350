/** The `camel` command of Camel JBang, started from its library (camel-jbang-core) instead of the JBang launcher. */
public class CamelJBang {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
