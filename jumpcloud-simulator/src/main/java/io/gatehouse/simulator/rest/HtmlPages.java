package io.gatehouse.simulator.rest;

/** The few HTML pages of the IdP, with every inserted value escaped. */
public final class HtmlPages {

    private HtmlPages() {}

    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String error(String title, String detail) {
        return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(detail) + "</p>");
    }

    /** JumpCloud's refusal for users who may not use the app. */
    public static String userNotRecognized() {
        return page(
                "User not recognized",
                "<h1>User not recognized</h1>"
                        + "<p>User not recognized. Contact your administrator to be given access to this application.</p>");
    }

    public static String loginForm(String appLabel, String action, String samlRequest, String relayState) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>JumpCloud (simulator)</h1><p>Sign in to ")
                .append(escape(appLabel))
                .append("</p>")
                .append("<form method=\"post\" action=\"")
                .append(escape(action))
                .append("\">")
                .append("<label>Email <input type=\"email\" name=\"email\" autofocus required></label>");
        if (samlRequest != null) {
            body.append("<input type=\"hidden\" name=\"SAMLRequest\" value=\"")
                    .append(escape(samlRequest))
                    .append("\">");
        }
        if (relayState != null) {
            body.append("<input type=\"hidden\" name=\"RelayState\" value=\"")
                    .append(escape(relayState))
                    .append("\">");
        }
        body.append("<button type=\"submit\">Continue</button></form>");
        return page("JumpCloud login", body.toString());
    }

    /** The auto-submitting HTTP-POST binding form. */
    public static String postBinding(String acsUrl, String samlResponse, String relayState) {
        StringBuilder body = new StringBuilder();
        body.append("<form method=\"post\" action=\"")
                .append(escape(acsUrl))
                .append("\" id=\"saml\">")
                .append("<input type=\"hidden\" name=\"SAMLResponse\" value=\"")
                .append(escape(samlResponse))
                .append("\"/>");
        if (relayState != null) {
            body.append("<input type=\"hidden\" name=\"RelayState\" value=\"")
                    .append(escape(relayState))
                    .append("\"/>");
        }
        body.append("<noscript><button type=\"submit\">Continue</button></noscript></form>")
                .append("<script>document.getElementById('saml').submit();</script>");
        return page("Signing in", body.toString());
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body>"
                + body + "</body></html>";
    }
}
