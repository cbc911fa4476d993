// DynamoDB Local bound to 127.0.0.1 only. The jar's own launcher listens on every interface and has
// no option to choose one, so this sets the host of its Jetty connectors before starting it.
// Run with Java's single-file launcher (no build step), the jar and its libraries on the classpath:
//   java -cp 'DynamoDBLocal.jar:DynamoDBLocal_lib/*' scripts/LoopbackDynamoDBLocal.java -inMemory -port 8000
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDBLocal {
    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        int bound = 0;
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector) {
                ((ServerConnector) connector).setHost("127.0.0.1");
                bound++;
            }
        }
        if (bound == 0) {
            throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
        }
        proxy.start();
        proxy.join();
    }
}
