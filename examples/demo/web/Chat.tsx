import { ChatWindow } from "./ChatWindow";

export function Chat() {
  return <ChatWindow model="claude-3-haiku-20240307" title="Support" />;
}
