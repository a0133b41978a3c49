import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  type Item,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const clientConfig = (url: string) => ({
  endpoint: url,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  requestHandler: new NodeHttpHandler(),
});

/** A customer chatting through the real Connect SDK clients (StartChatContact + participant service). */
export class FlowChat {
  private seen = 0;

  private constructor(
    private readonly url: string,
    private readonly participant: ConnectParticipantClient,
    readonly contactId: string,
    readonly connectionToken: string,
  ) {}

  static async start(
    url: string,
    opts: { instanceId: string; flowId: string; locale?: string; initialMessage?: string; name?: string },
  ): Promise<FlowChat> {
    const connect = new ConnectClient(clientConfig(url));
    const started = await connect.send(
      new StartChatContactCommand({
        InstanceId: opts.instanceId,
        ContactFlowId: opts.flowId,
        ParticipantDetails: { DisplayName: opts.name ?? "Customer" },
        Attributes: opts.locale ? { locale: opts.locale } : undefined,
        InitialMessage: opts.initialMessage
          ? { ContentType: "text/plain", Content: opts.initialMessage }
          : undefined,
      }),
    );
    const participant = new ConnectParticipantClient(clientConfig(url));
    const conn = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: started.ParticipantToken,
        Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"],
      }),
    );
    const chat = new FlowChat(
      url,
      participant,
      started.ContactId!,
      conn.ConnectionCredentials!.ConnectionToken!,
    );
    await chat.settled();
    return chat;
  }

  /** Sends a message and returns the bot's replies to it. */
  async send(text: string): Promise<string[]> {
    await this.participant.send(
      new SendMessageCommand({
        ConnectionToken: this.connectionToken,
        ContentType: "text/plain",
        Content: text,
      }),
    );
    await this.settled();
    return this.botMessages();
  }

  /** Bot messages not returned before. */
  async botMessages(): Promise<string[]> {
    const items = await this.transcript();
    const bot = items
      .filter((i) => i.Type === "MESSAGE" && i.ParticipantRole === "SYSTEM")
      .map((i) => i.Content ?? "");
    const fresh = bot.slice(this.seen);
    this.seen = bot.length;
    return fresh;
  }

  async transcript(): Promise<Item[]> {
    const out: Item[] = [];
    let next: string | undefined;
    do {
      const page = await this.participant.send(
        new GetTranscriptCommand({
          ConnectionToken: this.connectionToken,
          SortOrder: "ASCENDING",
          MaxResults: 100,
          NextToken: next,
        }),
      );
      out.push(...(page.Transcript ?? []));
      next = page.NextToken;
    } while (next);
    return out;
  }

  async state(): Promise<string> {
    const r = await fetch(`${this.url}/_local/calls/${this.contactId}`);
    return ((await r.json()) as { state: string }).state;
  }

  async disconnect(): Promise<void> {
    await this.participant.send(new DisconnectParticipantCommand({ ConnectionToken: this.connectionToken }));
  }

  private async settled(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await this.state()) !== "running") return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("chat flow did not settle");
  }
}
